# Issue 6 benchmark, R side: transition matrix over per-lead stage sequences
# (markovchain::markovchainFit, method "mle") and absorption probabilities, on
# bench/.data/transitions-*.csv (rows lead,from,to,day; leads in order). Prints:
#   READ_SECONDS s | SEQUENCES n | PAIRS n | FIT_SECONDS name s | P from to p | B from absorbing p
# Usage: Rscript markov.R transitions.csv LIST_CAP
#
# markovchainFit is run in two equivalent forms:
# - "vector": all sequences in one character vector separated by NA (markovchainFit skips the
#   pairs with an NA, so no transition crosses two leads) — fast, used on the full data;
# - "list": the documented list-of-sequences input, which takes time quadratic in the number of
#   sequences in markovchain 0.9.1 (4,000 sequences ≈ 3.5 s, 20,000 ≈ 130 s), so it is only run on
#   the first LIST_CAP sequences.
suppressPackageStartupMessages(library(markovchain))
args <- commandArgs(trailingOnly = TRUE)
listCap <- as.integer(args[2])
t0 <- proc.time()
tr <- read.csv(args[1], colClasses = c("integer", "character", "character", "numeric"))
first <- !duplicated(tr$lead)
visits <- rbind(
  data.frame(lead = tr$lead[first], k = 0L, s = tr$from[first]),
  data.frame(lead = tr$lead, k = seq_len(nrow(tr)), s = tr$to)
)
visits <- visits[order(visits$lead, visits$k), ]
seqs <- unname(split(visits$s, visits$lead))
# NA after each lead's last state: the vector input of the same sequences.
ends <- c(which(visits$lead[-1L] != visits$lead[-nrow(visits)]), nrow(visits))
pos <- seq_len(nrow(visits)) + findInterval(seq_len(nrow(visits)) - 1L, ends)
v <- rep(NA_character_, nrow(visits) + length(ends))
v[pos] <- visits$s
# Pairs markovchainFit counts in the vector form (both ends non-NA): must equal crmkit's transitions.
pairs <- sum(!is.na(v[-1L]) & !is.na(v[-length(v)]))
rm(tr, visits)
cat(sprintf("READ_SECONDS %.3f\n", (proc.time() - t0)[["elapsed"]]))
cat(sprintf("SEQUENCES %d\n", length(seqs)))
cat(sprintf("PAIRS %d\n", pairs))
ft <- system.time(fit <- markovchainFit(v, method = "mle", confidencelevel = 0.95))
cat(sprintf("FIT_SECONDS markovchainFit_vector %.3f\n", ft[["elapsed"]]))
n <- min(listCap, length(seqs))
lt <- system.time(fitList <- markovchainFit(seqs[seq_len(n)], method = "mle", confidencelevel = 0.95))
cat(sprintf("FIT_SECONDS markovchainFit_list %.3f %d\n", lt[["elapsed"]], n))
m <- fit$estimate@transitionMatrix
for (i in rownames(m)) for (j in colnames(m)) cat(sprintf("P %s %s %.15g\n", i, j, m[i, j]))
ml <- fitList$estimate@transitionMatrix
for (i in rownames(ml)) for (j in colnames(ml)) cat(sprintf("PLIST %s %s %.15g\n", i, j, ml[i, j]))
# Absorption probabilities: the empty rows of won/lost become self-loops (crmkit's default).
tryCatch({
  p <- m
  for (i in rownames(p)) if (sum(p[i, ]) == 0) p[i, i] <- 1
  at <- system.time(b <- absorptionProbabilities(new("markovchain", transitionMatrix = p, states = rownames(p))))
  cat(sprintf("FIT_SECONDS absorptionProbabilities %.3f\n", at[["elapsed"]]))
  for (i in rownames(b)) for (j in colnames(b)) cat(sprintf("B %s %s %.15g\n", i, j, b[i, j]))
}, error = function(e) cat(sprintf("NOTE absorptionProbabilities failed: %s\n", conditionMessage(e))))
