import { runConformance } from '@crossway/conformance'
import Koa from 'koa'
import Koa2 from 'koa2'
import { koaHarness } from './harness'

runConformance(koaHarness('koa 3', Koa))
runConformance(koaHarness('koa 2', Koa2))
