// Stand-in for sharp: image pipelines are not used by Overlay Memory (text embeddings only).
function sharp() {
  throw new Error('sharp: image processing is not available in Overlay Memory (text-only build)');
}
module.exports = sharp;
module.exports.default = sharp;
