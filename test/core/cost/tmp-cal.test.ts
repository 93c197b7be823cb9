import { test } from 'vitest';
import { calibrateEta, predictAnchor, DECODE_ANCHORS } from '../../../src/core/cost/calibration';
test('x', () => {
  const eta = calibrateEta();
  console.log('eta', eta);
  for (const a of DECODE_ANCHORS) console.log(a.model, predictAnchor(a, {eta}), predictAnchor(a, {eta: 0.6}), predictAnchor(a,{eta:0.64}), a.gpuJPerToken);
});
