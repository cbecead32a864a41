// Offers to volunteer: the offer form, where an offer stands, and the officers' dashboard.
export const offerRoutes = [];
