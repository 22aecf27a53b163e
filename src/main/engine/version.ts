import pkg from '../../../package.json';

export const RELAYBOX_VERSION: string = pkg.version;
