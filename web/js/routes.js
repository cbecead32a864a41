// Every address of the web app and the view that draws it. More specific paths come first.
// A view's module is fetched when one of its addresses is first opened (lazyView), so the first
// page loads only the code it draws with.
import { lazyView } from './router.js';

const loadAccount = () => import('./views/account.js');
const loadAdmin = () => import('./views/admin.js');
const loadBallots = () => import('./views/ballots.js');
const loadCategories = () => import('./views/categories.js');
const loadGroup = () => import('./views/group.js');
const loadGroups = () => import('./views/groups.js');
const loadHome = () => import('./views/home.js');
const loadMeetings = () => import('./views/meetings.js');
const loadModeration = () => import('./views/moderation.js');
const loadNotifications = () => import('./views/notifications.js');
const loadOffers = () => import('./views/offers.js');
const loadPeople = () => import('./views/people.js');
const loadPetitions = () => import('./views/petitions.js');
const loadProfile = () => import('./views/profile.js');
const loadProposals = () => import('./views/proposals.js');
const loadSearch = () => import('./views/search.js');
const loadStories = () => import('./views/stories.js');
const loadThread = () => import('./views/thread.js');

export const routes = [
  { path: '/', view: lazyView(loadHome, 'homeView') },
  { path: '/sign-up', view: lazyView(loadAccount, 'signUpView') },
  { path: '/sign-up/check-email', view: lazyView(loadAccount, 'checkEmailView') },
  { path: '/verify-email', view: lazyView(loadAccount, 'verifyEmailView') },
  { path: '/sign-in', view: lazyView(loadAccount, 'signInView') },
  { path: '/forgot-password', view: lazyView(loadAccount, 'forgotPasswordView') },
  { path: '/forgot-password/sent', view: lazyView(loadAccount, 'resetSentView') },
  { path: '/reset-password', view: lazyView(loadAccount, 'resetPasswordView') },
  { path: '/profile', view: lazyView(loadProfile, 'profileView') },
  { path: '/profile/password', view: lazyView(loadProfile, 'changePasswordView') },
  { path: '/groups', view: lazyView(loadGroups, 'groupsView') },
  { path: '/groups/new', view: lazyView(loadAdmin, 'newGroupView') },
  { path: '/groups/:id', view: lazyView(loadGroup, 'groupView') },
  { path: '/groups/:id/edit', view: lazyView(loadAdmin, 'editGroupView') },
  { path: '/groups/:id/members/new', view: lazyView(loadAdmin, 'addMemberView') },
  { path: '/groups/:id/members/:personId', view: lazyView(loadAdmin, 'manageMemberView') },
  { path: '/groups/:id/import', view: lazyView(loadAdmin, 'importView') },
  { path: '/groups/:id/discussions', view: lazyView(loadCategories, 'categoriesView') },
  { path: '/groups/:id/discussions/new', view: lazyView(loadCategories, 'newCategoryView') },
  { path: '/groups/:id/moderation', view: lazyView(loadModeration, 'moderationQueueView') },
  { path: '/groups/:id/moderation/log', view: lazyView(loadModeration, 'moderationLogView') },
  { path: '/groups/:id/proposals', view: lazyView(loadProposals, 'proposalsView') },
  { path: '/groups/:id/proposals/new', view: lazyView(loadProposals, 'newProposalView') },
  { path: '/groups/:id/ballots', view: lazyView(loadBallots, 'ballotsView') },
  { path: '/groups/:id/ballots/new', view: lazyView(loadBallots, 'newBallotView') },
  { path: '/groups/:id/meetings', view: lazyView(loadMeetings, 'meetingsView') },
  { path: '/groups/:id/meetings/new', view: lazyView(loadMeetings, 'newMeetingView') },
  { path: '/groups/:id/petitions', view: lazyView(loadPetitions, 'petitionsView') },
  { path: '/petitions/:slug', view: lazyView(loadPetitions, 'petitionView') },
  { path: '/petitions/:slug/confirm', view: lazyView(loadPetitions, 'confirmSignatureView') },
  { path: '/petitions/:slug/withdraw', view: lazyView(loadPetitions, 'withdrawSignatureView') },
  { path: '/petitions/:slug/updates/stop', view: lazyView(loadPetitions, 'stopUpdatesView') },
  { path: '/meetings/:id', view: lazyView(loadMeetings, 'meetingView') },
  { path: '/meetings/:id/live', view: lazyView(loadMeetings, 'liveMeetingView') },
  { path: '/meetings/:id/minutes', view: lazyView(loadMeetings, 'minutesView') },
  { path: '/proposals/:id', view: lazyView(loadProposals, 'proposalView') },
  { path: '/ballots/:id', view: lazyView(loadBallots, 'ballotView') },
  { path: '/categories/:id', view: lazyView(loadCategories, 'categoryView') },
  { path: '/categories/:id/new-thread', view: lazyView(loadCategories, 'newThreadView') },
  { path: '/threads/:id', view: lazyView(loadThread, 'threadView') },
  { path: '/posts/:id', view: lazyView(loadThread, 'postRedirectView') },
  { path: '/posts/:id/revisions', view: lazyView(loadThread, 'revisionsView') },
  { path: '/notifications', view: lazyView(loadNotifications, 'notificationsView') },
  { path: '/people/:id', view: lazyView(loadPeople, 'personView') },
  { path: '/search', view: lazyView(loadSearch, 'searchView') },
  { path: '/stories', view: lazyView(loadStories, 'storiesView') },
  { path: '/stories/new', view: lazyView(loadStories, 'newStoryView') },
  { path: '/stories/mine', view: lazyView(loadStories, 'myStoriesView') },
  { path: '/stories/review', view: lazyView(loadStories, 'reviewQueueView') },
  { path: '/stories/:id/edit', view: lazyView(loadStories, 'editStoryView') },
  { path: '/stories/:id', view: lazyView(loadStories, 'storyView') },
  { path: '/volunteer', view: lazyView(loadOffers, 'offerFormView') },
  { path: '/volunteer/confirm', view: lazyView(loadOffers, 'confirmOfferView') },
  { path: '/volunteer/status', view: lazyView(loadOffers, 'offerStatusView') },
  { path: '/volunteer/links', view: lazyView(loadOffers, 'offerLinksView') },
  { path: '/offers/mine', view: lazyView(loadOffers, 'myOffersView') },
  { path: '/offers/:id', view: lazyView(loadOffers, 'offerView') },
  { path: '/dashboard', view: lazyView(loadOffers, 'dashboardView') },
  { path: '/groups/:id/offers', view: lazyView(loadOffers, 'groupOffersView') },
];

export const notFoundView = lazyView(loadHome, 'notFoundView');
