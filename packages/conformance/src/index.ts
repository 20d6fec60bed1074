export type {
  CaseExpectation,
  CaseRequest,
  ConfigErrorCase,
  ConformanceCase,
  ExpectedRejection,
  PolicySource,
  VaryExpectation,
} from './case'
export { configErrorCases, conformanceCases } from './cases/index'
export { type CaseCheck, checkCase, checkConfigError, groupByPolicy, recordingRejections } from './check'
export type { ConformanceRequest, ConformanceResponse, Harness, RouteSpec, RunningApp } from './harness'
export { standardRoutes } from './harness'
export { parseRawResponse, sendHttp, sendRawHttp } from './http-client'
export type { ListeningServer } from './listen'
export { listen, varyTokens } from './listen'
export type { ReadmeRequireResult } from './readme-require'
export { checkReadmeRequire } from './readme-require'
export type { RunConformanceOptions } from './runner'
export { describePolicy, runConformance } from './runner'
export type { WebApp } from './web-app'
export { createWebApp, fromWebResponse, toWebRequest, webPathSkips } from './web-app'
