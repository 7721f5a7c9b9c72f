'use strict';
// finsamdash: plotly.js with only the trace types the dashboards draw (see README.md)
var Plotly = require('plotly.js/lib/core');
Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/sankey'),
    require('plotly.js/lib/scatter'),
    require('plotly.js/lib/waterfall'),
]);
module.exports = Plotly;
