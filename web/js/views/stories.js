// Campaign stories: the public Stories section, sending one in, and the editors' review queue.
export const storyRoutes = [];
