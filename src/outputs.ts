/** The action's outputs, named as in action.yml. */
export enum Outputs {
  FilesReviewed = 'files-reviewed',
  FilesSkipped = 'files-skipped',
  ReviewUnits = 'review-units',
  EstimatedCostUsd = 'estimated-cost-usd',
  Findings = 'findings',
  FindingsFile = 'findings-file',
  InputTokens = 'input-tokens',
  OutputTokens = 'output-tokens',
  CostUsd = 'cost-usd',
  SarifFile = 'sarif-file',
  ReviewId = 'review-id',
  SummaryCommentId = 'summary-comment-id',
  ShardMatrix = 'shard-matrix',
  ShardFile = 'shard-file'
}
