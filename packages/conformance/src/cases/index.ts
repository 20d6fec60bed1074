import type { ConformanceCase } from '../case'
import { actualCases } from './actual'
import { badInputCases } from './bad-input'
import { classifyCases } from './classify'
import { csrfCases } from './csrf'
import { originCases } from './origins'
import { preflightCases } from './preflight'
import { preflightExtraCases } from './preflight-extras'
import { preflightHeaderCases } from './preflight-headers'
import { preflightMethodCases } from './preflight-methods'
import { rejectionCases } from './rejections'
import { varyCases } from './vary'

export { configErrorCases } from './config-errors'

/** The whole table, in the order of semantics.md. Ids are unique; harnesses skip by id. */
export const conformanceCases: readonly ConformanceCase[] = [
  ...classifyCases,
  ...originCases,
  ...actualCases,
  ...preflightCases,
  ...preflightMethodCases,
  ...preflightHeaderCases,
  ...preflightExtraCases,
  ...varyCases,
  ...badInputCases,
  ...rejectionCases,
  ...csrfCases,
]
