// Path name rules (DESIGN §2, MediaMTX conf.IsValidPathName plus a guard against "."/".."
// segments, because names end up in recording paths and URLs).

const PATH_NAME_CHARS = /^[0-9a-zA-Z_\-/.]+$/;

/** null if the name is valid, else why not (for the client's error message). */
export function validatePathName(name: string): string | null {
  if (name === '') return 'path name cannot be empty';
  if (name.startsWith('/')) return `path name "${name}" cannot begin with a slash`;
  if (name.endsWith('/')) return `path name "${name}" cannot end with a slash`;
  if (!PATH_NAME_CHARS.test(name)) {
    return `path name "${name}" can contain only letters, digits, underscore, dot, minus and slash`;
  }
  for (const segment of name.split('/')) {
    if (segment === '.' || segment === '..') return `path name "${name}" cannot contain "." or ".." segments`;
  }
  return null;
}
