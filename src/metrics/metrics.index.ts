import { createRouter } from "../http/create-router";
import * as handlers from "./metrics.handlers";
import * as routes from "./metrics.routes";

export const metricsRouter = createRouter().openapi(routes.metrics, handlers.metrics);
