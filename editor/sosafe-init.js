// Loaded before Decap CMS: the editor's own script (sosafe-cms.js) starts Decap once it has
// read and prepared the configuration.
window.CMS_MANUAL_INIT = true;
