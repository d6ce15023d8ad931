/** Evaluation metrics: AUC, average precision, log-loss, thresholded metrics, cross-sectional rank IC and precision@K. */
export { type CrossSectionSeries, precisionAtK, type RankICResult, rankIC } from './crossSection.js';
export { auc, averagePrecision } from './curves.js';
export { LOG_LOSS_EPS, logLoss } from './logLoss.js';
export { accuracy, type Confusion, confusion, f1Score, type ThresholdOptions } from './thresholded.js';
