/** Everything a lesson may use. The lesson page passes these to <Content components={…}>, so MDX needs no imports. */
export { default as PythonCell } from './PythonCell.astro';
export { default as Quiz } from './Quiz.astro';
export { default as Choice } from './Choice.astro';
export { default as Option } from './Option.astro';
export { default as Predict } from './Predict.astro';
export { default as MythFact } from './MythFact.astro';
export { default as Aside } from './Aside.astro';
export { default as PredictBytecode } from './PredictBytecode.astro';
export { default as Order } from './Order.astro';
export { default as Step } from './Step.astro';
export { default as Challenge } from './Challenge.astro';
