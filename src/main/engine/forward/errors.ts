// A destination that cannot work with this build or config (no driver for its scheme, FFmpeg
// without libsrt): the forward manager marks it `failed` and does not retry it.
export class ForwardUnsupportedError extends Error {
  override readonly name = 'ForwardUnsupportedError';
}
