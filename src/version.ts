/** The action's version, as released (kept equal to package.json by a test). */
export const ACTION_VERSION = '0.1.0'
