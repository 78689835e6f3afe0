import { reviewStructure } from '../context/structure/structure-review.js'
import type { StructureView } from '../context/structure/structure-review.js'
import type { ChangedFile } from '../diff/types.js'
import type { ValidFinding } from '../findings/finding.js'
import type { RepositoryFiles } from '../repository/repository-files.js'
import type { ToolContext } from '../tools/tool-context.js'

/**
 * The change's module picture and structure findings. Without the base's
 * files nothing is judged new (an existing cycle would read as created):
 * the picture is drawn with every edge as it is, and no finding is made.
 */
export async function structureStep(
  change: { files: readonly ChangedFile[]; layers?: readonly string[] },
  tools: ToolContext,
  openBase: (() => Promise<RepositoryFiles | undefined>) | undefined
): Promise<{ view?: StructureView; findings: ValidFinding[] }> {
  const base = await openBase?.()
  const structure = await reviewStructure({
    files: change.files,
    tools,
    base,
    layers: change.layers
  })
  if (base) return structure
  return {
    view: structure.view && {
      ...structure.view,
      edges: structure.view.edges
        .filter((e) => e.state !== 'removed')
        .map((e) => ({ ...e, state: 'kept' as const }))
    },
    findings: []
  }
}
