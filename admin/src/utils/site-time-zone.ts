/**
 * WordPress's time zone (Settings → General, `timezone_string`), from the initial state:
 * what the opening hours start from. '' when the site uses a plain UTC offset, which is no
 * IANA zone (and would not follow daylight saving time).
 */
let siteTimeZone = '';

export const setSiteTimeZone = ( timeZone: string ): void => {
	siteTimeZone = timeZone;
};

export const getSiteTimeZone = (): string => siteTimeZone;
