import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import prettier from 'eslint-config-prettier'

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'lib/**',
      '.test-bundle/**',
      // Code cut from other projects, parsed by the syntax tests, never run.
      'test/fixtures/**'
    ]
  },
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
    // A function reads in one screen: longer ones are split where they do two things.
    files: ['src/**'],
    rules: {
      'max-lines-per-function': [
        'error',
        { max: 80, skipBlankLines: true, skipComments: true }
      ]
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
      'dev/**',
      'eval/**',
      'test/**'
    ],
    rules: { 'no-console': 'off' }
  }
)
