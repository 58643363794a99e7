// ESLint (flat config): JavaScript's and typescript-eslint's recommended rules, with the Lit and
// web-components plugins' recommended rules on the source. `npm run lint` runs it, with no warning
// allowed.
import js from '@eslint/js';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // Built output, installed packages and generated code (phone plans, locale modules).
    ignores: ['dist/', 'storybook-static/', 'node_modules/', 'src/generated/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node },
    },
  },
  {
    rules: {
      // A leading underscore names what is left out on purpose: a rest's omitted keys
      // (`const { id: _id, ...rest } = record`), an argument an interface requires.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // A `let` that a callback made before it reads is assigned later on purpose (the callback checks it).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Text checks reject control characters by matching them: the regular expressions name them on purpose.
      'no-control-regex': 'off',
      // The simulated Finesse host and container hand out objects and classes whose methods have a
      // `this` of their own; they reach the simulator by its name.
      '@typescript-eslint/no-this-alias': ['error', { allowedNames: ['host', 'container'] }],
    },
  },
  {
    // The virtual manifest module's declaration is read by reference: no import can bring in an
    // ambient module declaration from a folder the type check does not include.
    files: ['.storybook/*.ts'],
    rules: { '@typescript-eslint/triple-slash-reference': ['error', { path: 'always' }] },
  },
  {
    files: ['src/**/*.ts', 'stories/**/*.ts', 'test/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['src/**/*.ts', 'stories/**/*.ts', 'test/**/*.ts'],
    ...wc.configs['flat/recommended'],
  },
  {
    files: ['test/**/*.ts'],
    languageOptions: { globals: { ...globals.mocha } },
    // Chai's assertions are property reads (`expect(open).to.be.true`).
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
);
