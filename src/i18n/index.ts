/** Operators' screens in their language: zh-CN or English (docs/glossary.md for the terms of the trade). */
export { t, tFor, tIn, catalogue, type MessageKey } from './catalogue';
export { msg, text, type Message } from './define';
export { LANGS, currentLang, langFlag, parseLang, resolveLang, runLang, setLang, type Lang } from './lang';
export { postcodeMessage, rejectionReason } from './faults';
export { columns, formatCount, formatDay, formatDaysLeft, formatDuration, formatYuan, padColumns } from './format';
