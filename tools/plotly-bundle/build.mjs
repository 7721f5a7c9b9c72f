// Builds ../../finsamdash/pack/assets/plotly-finsamdash.min.js from plotly.js's own sources (see README.md).
import { build } from 'esbuild';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const version = require('plotly.js/package.json').version;
const traces = ['bar', 'sankey', 'scatter', 'waterfall']; // keep in step with entry.js and plotly_bundle.TRACES

await build({
  entryPoints: ['entry.js'],
  outfile: process.argv[2] || '../../finsamdash/pack/assets/plotly-finsamdash.min.js',
  banner: { js: `/*! finsamdash plotly.js ${version} traces=${traces.join(',')} (MIT licence, Plotly, Inc.) */` },
  format: 'iife', globalName: 'Plotly', bundle: true, minify: true, sourcemap: false, legalComments: 'eof',
  define: { global: 'window', 'define.amd': 'false', 'process.env.NODE_DEBUG': 'false' },
  loader: { '.css': 'empty' }, // only map traces (not used) need maplibre's stylesheet
  target: 'es2016', logLevel: 'warning',
});
