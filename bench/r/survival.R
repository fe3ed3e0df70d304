# Issue 6 benchmark, R side: Kaplan–Meier by source (survival::survfit) and the log-rank test
# (survival::survdiff) on bench/.data/leads-*.csv. Prints machine-readable lines:
#   READ_SECONDS s | FIT_SECONDS name s | CHISQ x df | KM source time surv
# Usage: Rscript survival.R leads.csv 7,30,90
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
t0 <- proc.time()
d <- read.csv(args[1], colClasses = c("integer", "character", "numeric", "integer"))
cat(sprintf("READ_SECONDS %.3f\n", (proc.time() - t0)[["elapsed"]]))
ft <- system.time(fit <- survfit(Surv(time, event) ~ source, data = d))
cat(sprintf("FIT_SECONDS survfit %.3f\n", ft[["elapsed"]]))
dt <- system.time(sd <- survdiff(Surv(time, event) ~ source, data = d))
cat(sprintf("FIT_SECONDS survdiff %.3f\n", dt[["elapsed"]]))
cat(sprintf("CHISQ %.12g %d\n", sd$chisq, length(sd$n) - 1L))
times <- as.numeric(strsplit(args[2], ",")[[1]])
s <- summary(fit, times = times, extend = TRUE)
for (i in seq_along(s$time)) {
  cat(sprintf("KM %s %.10g %.15g\n", sub("^source=", "", as.character(s$strata[i])), s$time[i], s$surv[i]))
}
