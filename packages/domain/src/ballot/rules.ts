/**
 * Shortest publication (公示) of a ballot's result, in days (local rules, e.g. Beijing, Hangzhou,
 * Shanghai: results are published for at least 15 days). Counted as full Shanghai days after the
 * publication's first day (民法典 第二百零一条), ending at 24:00 of the last one (第二百零三条).
 */
export const PUBLICATION_MINIMUM_DAYS = 15;

/**
 * Days after the close within which publication should start (local rules: "within 3 days").
 * A later start is recorded as a warning, not refused: a late publication is still better than none.
 */
export const PUBLICATION_DUE_DAYS = 3;
