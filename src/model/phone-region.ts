/** The region a number written without a country code is read in, unless a backend is told another. */
export const DEFAULT_PHONE_REGION = 'US';
