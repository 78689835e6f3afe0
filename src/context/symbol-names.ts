/** Which names are worth a search for their uses. */

/** Names so common that their uses say nothing about this change. */
const COMMON_NAMES = new Set(
  (
    'start stop open close run main init setup process handle handler get set put post delete update create remove add ' +
    'load save read write find list index show new edit call apply execute exec send fetch parse format render ' +
    'test tests spec build make value values data item items name type types error errors result results config ' +
    'options params args context request response req res app server client service model models user users ' +
    'string number object array map filter reduce next done callback err log info debug warn ' +
    'self this cls super upgrade downgrade migration destroy'
  ).split(' ')
)

export function isSpecific(symbol: { name: string; kind: string }): boolean {
  if (symbol.kind === 'route')
    // A route is specific when it names something: '/' and '/:id' are not.
    return /[A-Za-z]{3}/.test(symbol.name)
  // A class named like a common word is still specific: 'user' says nothing, the model 'User' does.
  const name = symbol.kind === 'class' ? symbol.name : symbol.name.toLowerCase()
  return symbol.name.length >= 4 && !COMMON_NAMES.has(name)
}
