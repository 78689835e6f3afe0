/** The repository's review configuration file, committed with the code (the ignore list). */
export const REVIEW_CONFIG_PATH = '.github/architect-review.yml'
