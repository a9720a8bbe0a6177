/**
 * The answer scales present in the loaded survey answers, most answered first: what a page
 * offers (and picks by default) when it asks which scale to read. Counts every answer with a
 * score and a date, before any filter: the choice of scale should not jump with the filters.
 */

/** Rows (scale, answers): every scale with at least one answer, most answers first, then by scale. */
export function answerScalesSql(): string {
  return `SELECT scale, count(*) AS answers FROM responses
    WHERE scale IS NOT NULL AND score IS NOT NULL AND response_date IS NOT NULL
    GROUP BY scale ORDER BY answers DESC, scale`;
}
