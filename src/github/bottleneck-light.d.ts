// Bottleneck's light build (no clustering), which plugin-throttling itself uses, typed as the full one.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck'
  export default Bottleneck
}
