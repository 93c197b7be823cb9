// `overlay calibrate [--json]`: every anchor of the energy model (two measured decode energies and the prefill
// anchors A1–A4) with its source, setting, measured range, the model's value and the error. No vault needed.
import { UserError, type CommandFn } from './cli-io';
import { calibrationReport } from '../core/cost/calibration-report';
import { renderCalibration } from '../core/cost/calibration-text';

/** Help of `overlay calibrate`. */
export const CALIBRATE_HELP = `Usage: overlay calibrate [--json]

Checks the energy model against published measurements: two decode energies (ML.ENERGY v3) and four prefill
anchors (A1 TokenPowerBench GH200, A2 Wilkins et al. A100, A3 Splitwise H100 tensor parallel, A4 MInference
A100 up to 1M tokens). Prints each anchor's source, setting, measured range (GPU joules per token), the model's
value and the error, and marks the anchors used to fit a parameter. See docs/cost-model.md.

Options:
  --json               print the report as one JSON value
`;

/** The `calibrate` command. */
export const calibrateCommand: CommandFn = async (args, io) => {
  if (args.positional.length > 0)
    throw new UserError(`calibrate takes no positional arguments (got "${args.positional.join(' ')}")`);
  const report = calibrationReport();
  io.stdout(args.flags.json === true ? `${JSON.stringify(report, null, 2)}\n` : renderCalibration(report));
  return 0;
};
