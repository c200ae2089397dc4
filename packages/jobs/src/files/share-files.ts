/** Where the API's share links live: beside the operations' files, outside their prefix. */
export const SHARES_PREFIX = 'shares/';

/** The longest life of a share link (7 days); the API refuses longer, the cleanup removes older. */
export const MAX_SHARE_SECONDS = 7 * 86_400;
