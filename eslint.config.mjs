import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import prettier from 'eslint-config-prettier'

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'lib/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly' }
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
      ],
      'no-console': 'error'
    }
  },
  {
    // The CLI and benches talk to a terminal, not to the Actions runner.
    files: [
      'src/cli.ts',
      'src/cli/**',
      'bench/**',
      'bin/**',
      'scripts/**',
      'eval/**',
      'test/**'
    ],
    rules: { 'no-console': 'off' }
  }
)
