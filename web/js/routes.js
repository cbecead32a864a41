// Every address of the web app and the view that draws it. More specific paths come first.
import { changePasswordView, profileView } from './views/profile.js';
import {
  checkEmailView, forgotPasswordView, resetPasswordView, resetSentView, signInView, signUpView, verifyEmailView,
} from './views/account.js';
import { addMemberView, editGroupView, importView, manageMemberView, newGroupView } from './views/admin.js';
import { categoriesView, categoryView, newCategoryView, newThreadView } from './views/categories.js';
import { moderationLogView, moderationQueueView } from './views/moderation.js';
import { ballotView, ballotsView, newBallotView } from './views/ballots.js';
import { liveMeetingView, meetingView, meetingsView, minutesView, newMeetingView } from './views/meetings.js';
import { notificationsView } from './views/notifications.js';
import { confirmSignatureView, petitionView, petitionsView, stopUpdatesView, withdrawSignatureView } from './views/petitions.js';
import { newProposalView, proposalView, proposalsView } from './views/proposals.js';
import { personView } from './views/people.js';
import { searchView } from './views/search.js';
import { storyRoutes } from './views/stories.js';
import { offerRoutes } from './views/offers.js';
import { postRedirectView, revisionsView, threadView } from './views/thread.js';
import { groupView } from './views/group.js';
import { groupsView } from './views/groups.js';
import { homeView, notFoundView } from './views/home.js';

export const routes = [
  { path: '/', view: homeView },
  { path: '/sign-up', view: signUpView },
  { path: '/sign-up/check-email', view: checkEmailView },
  { path: '/verify-email', view: verifyEmailView },
  { path: '/sign-in', view: signInView },
  { path: '/forgot-password', view: forgotPasswordView },
  { path: '/forgot-password/sent', view: resetSentView },
  { path: '/reset-password', view: resetPasswordView },
  { path: '/profile', view: profileView },
  { path: '/profile/password', view: changePasswordView },
  { path: '/groups', view: groupsView },
  { path: '/groups/new', view: newGroupView },
  { path: '/groups/:id', view: groupView },
  { path: '/groups/:id/edit', view: editGroupView },
  { path: '/groups/:id/members/new', view: addMemberView },
  { path: '/groups/:id/members/:personId', view: manageMemberView },
  { path: '/groups/:id/import', view: importView },
  { path: '/groups/:id/discussions', view: categoriesView },
  { path: '/groups/:id/discussions/new', view: newCategoryView },
  { path: '/groups/:id/moderation', view: moderationQueueView },
  { path: '/groups/:id/moderation/log', view: moderationLogView },
  { path: '/groups/:id/proposals', view: proposalsView },
  { path: '/groups/:id/proposals/new', view: newProposalView },
  { path: '/groups/:id/ballots', view: ballotsView },
  { path: '/groups/:id/ballots/new', view: newBallotView },
  { path: '/groups/:id/meetings', view: meetingsView },
  { path: '/groups/:id/meetings/new', view: newMeetingView },
  { path: '/groups/:id/petitions', view: petitionsView },
  { path: '/petitions/:slug', view: petitionView },
  { path: '/petitions/:slug/confirm', view: confirmSignatureView },
  { path: '/petitions/:slug/withdraw', view: withdrawSignatureView },
  { path: '/petitions/:slug/updates/stop', view: stopUpdatesView },
  { path: '/meetings/:id', view: meetingView },
  { path: '/meetings/:id/live', view: liveMeetingView },
  { path: '/meetings/:id/minutes', view: minutesView },
  { path: '/proposals/:id', view: proposalView },
  { path: '/ballots/:id', view: ballotView },
  { path: '/categories/:id', view: categoryView },
  { path: '/categories/:id/new-thread', view: newThreadView },
  { path: '/threads/:id', view: threadView },
  { path: '/posts/:id', view: postRedirectView },
  { path: '/posts/:id/revisions', view: revisionsView },
  { path: '/notifications', view: notificationsView },
  { path: '/people/:id', view: personView },
  { path: '/search', view: searchView },
  // Each campaign view module lists its own addresses (none overlaps another's).
  ...storyRoutes,
  ...offerRoutes,
];

export { notFoundView };
