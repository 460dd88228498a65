// Lint enforces the layer map of docs/architecture.md §1–§2: one zone per table row,
// package bans per folder, no cycles, no default exports, and no float-money helpers.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const MAIN_LAYERS = [
  'upstream',
  'store',
  'queue',
  'services',
  'his-api',
  'devices',
  'config',
  'app',
  'catalog',
  'security',
];
const main = (layer) => `./main/${layer}`;
/** Every main layer except the listed ones, as `from` paths. */
const mainExcept = (...allowed) => MAIN_LAYERS.filter((l) => !allowed.includes(l)).map(main);
/** A layer whose ports file (`ports.ts`) may be imported but nothing else. */
const portsOnly = (layer) => ({ from: main(layer), except: ['./ports.ts', './ports'] });

const ZONES = [
  {
    target: './shared',
    from: ['./main', './renderer', './sandbox', './test'],
    message: 'shared/ imports nothing of the project (docs/architecture.md §1).',
  },
  {
    target: './main/domain',
    from: [...mainExcept(), './renderer', './sandbox', './test'],
    message: 'main/domain is the pure core: shared only.',
  },
  {
    target: './main/upstream',
    from: [...mainExcept('upstream'), './renderer', './sandbox', './test'],
    message: 'main/upstream may import shared and domain only.',
  },
  {
    target: './main/store',
    from: [...mainExcept('store'), './renderer', './sandbox', './test'],
    message: 'main/store may import shared and domain only.',
  },
  {
    target: './main/queue',
    from: [...mainExcept('queue', 'store', 'upstream'), './renderer', './sandbox', './test'],
    message: 'main/queue may import shared, domain and ports.',
  },
  {
    target: './main/services',
    from: [
      ...mainExcept('services', 'store', 'upstream', 'queue', 'devices', 'catalog'),
      './renderer',
      './sandbox',
      './test',
    ],
    message: 'main/services may import shared, domain and ports.',
  },
  {
    target: './main/catalog',
    from: [...mainExcept('catalog', 'store', 'upstream', 'queue'), './renderer', './sandbox', './test'],
    message: 'main/catalog is a service layer: shared, domain and ports.',
  },
  {
    target: './main/his-api',
    from: [...mainExcept('his-api', 'services', 'catalog'), './main/domain', './renderer', './sandbox', './test'],
    message: 'main/his-api may import shared and services only.',
  },
  {
    target: './main/devices',
    from: [...mainExcept('devices'), './main/domain', './renderer', './sandbox', './test'],
    message: 'main/devices may import shared only.',
  },
  {
    target: './main/config',
    from: [...mainExcept('config'), './main/domain', './renderer', './sandbox', './test'],
    message: 'main/config may import shared only.',
  },
  {
    target: './main/security',
    from: [...mainExcept('security', 'store'), './main/domain', './renderer', './sandbox', './test'],
    message: 'main/security may import shared and store ports only.',
  },
  { target: './main/app', from: ['./test'], message: 'main/app composes main/ and sandbox/ only.' },
  // main/app may use the renderer's build script (to serve the UI in browser mode), nothing else of it.
  {
    target: './main/app',
    from: './renderer',
    except: ['./build.ts'],
    message: 'main/app composes main/ and sandbox/ only.',
  },
  {
    target: './renderer',
    from: ['./main', './sandbox', './test'],
    message: 'renderer/ imports shared only (it talks through window.settlement).',
  },
  {
    target: './sandbox',
    from: ['./main', './renderer', './test'],
    message: 'the sandbox never imports main/ (docs/architecture.md §1).',
  },
].filter((z) => z.from.length > 0);

// Ports-only layers: queue and services see store/upstream/queue/devices through ports.ts.
const PORT_ZONES = [
  ...['store', 'upstream'].map((l) => ({
    target: './main/queue',
    ...portsOnly(l),
    message: `main/queue may import only main/${l}/ports.ts.`,
  })),
  ...['store', 'upstream', 'queue', 'devices'].map((l) => ({
    target: './main/services',
    ...portsOnly(l),
    message: `main/services may import only main/${l}/ports.ts.`,
  })),
  ...['store', 'upstream', 'queue'].map((l) => ({
    target: './main/catalog',
    ...portsOnly(l),
    message: `main/catalog may import only main/${l}/ports.ts.`,
  })),
  { target: './main/security', ...portsOnly('store'), message: 'main/security may import only main/store/ports.' },
];

const NODE_BUILTINS = { group: ['node:*'], message: 'node:* is not allowed in this layer (docs/architecture.md §1).' };
const ban = (name, where) => ({ name, message: `${name} is allowed only in ${where} (docs/architecture.md §2).` });
const ELECTRON = ban('electron', 'main/app');
const SQLITE = ban('better-sqlite3', 'main/store and sandbox/');
const AXIOS = ban('axios', 'main/upstream');

/** no-restricted-imports for a folder: the packages it may not use, and whether node:* is banned. */
const restrict = (files, paths, noNode) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { paths, patterns: noNode ? [NODE_BUILTINS] : [] }] },
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'out/**',
      'coverage/**',
      'test-artifacts/**',
      'test/fixtures/lint/**',
      'renderer/dist/**',
      '.data/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs', '**/*.cjs'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          noWarnOnMultipleProjects: true,
          project: ['tsconfig.json', '*/tsconfig.json', 'main/*/tsconfig.json'],
        }),
      ],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: [...ZONES, ...PORT_ZONES] }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-default-export': 'error',
      'no-restricted-globals': ['error', { name: 'parseFloat', message: 'Money is decimal: use shared/money (V2).' }],
      'no-restricted-properties': [
        'error',
        { object: 'Number', property: 'parseFloat', message: 'Money is decimal: use shared/money (V2).' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='toFixed']",
          message: 'toFixed rounds binary floats: use shared/money (V2).',
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  restrict(['shared/**'], [ELECTRON, SQLITE, AXIOS], true),
  restrict(['main/domain/**'], [ELECTRON, SQLITE, AXIOS], true),
  restrict(['main/upstream/**'], [ELECTRON, SQLITE], false),
  restrict(['main/store/**'], [ELECTRON, AXIOS], false),
  restrict(['main/queue/**', 'main/services/**', 'main/catalog/**'], [ELECTRON, SQLITE, AXIOS], true),
  restrict(
    ['main/his-api/**', 'main/devices/**', 'main/config/**', 'main/security/**'],
    [ELECTRON, SQLITE, AXIOS],
    false,
  ),
  restrict(
    ['main/app/**'],
    [
      SQLITE,
      AXIOS,
      {
        name: 'electron',
        importNames: ['ipcMain', 'ipcRenderer'],
        message: 'Use the typed IPC wrappers in main/app/ipc (docs/architecture.md §5.2).',
      },
    ],
    false,
  ),
  restrict(['main/app/ipc/**', 'main/app/preload/**'], [SQLITE, AXIOS], false),
  restrict(['renderer/**'], [ELECTRON, SQLITE, AXIOS], true),
  restrict(['sandbox/**'], [ELECTRON, AXIOS], false),
  {
    // Config files of tools need default exports.
    files: [
      '*.config.js',
      '*.config.ts',
      'eslint.config.js',
      'vitest.config.ts',
      'renderer/vite.config.ts',
      'test/global-setup.ts',
    ],
    rules: { 'import-x/no-default-export': 'off' },
  },
  {
    files: ['test/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // Benchmarks format timings (not money) for people.
    files: ['bench/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
