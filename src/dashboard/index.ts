/** `siprint dashboard`: bull-board and a page per run. */
export { startDashboard, isLoopback, type DashboardOptions, type RunningDashboard } from './server';
