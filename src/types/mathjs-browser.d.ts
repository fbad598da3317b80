/** mathjs's single-file bundle: the same API as 'mathjs', loaded as one module (much faster to start). */
declare module 'mathjs/lib/browser/math.js' {
  const math: import('mathjs').MathJsInstance;
  export default math;
}
