"""项目任务 — expropriation projects, budgets and task orders (任务交办书)."""
