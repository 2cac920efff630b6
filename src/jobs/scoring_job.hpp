// Scores one submission: reads its phase, truth and file, runs the scoring engine with the
// phase's metric, parameters and split (or the phase's custom scorer in the sandbox: it
// gets the truth and the submission read-only and prints {"public": x, "private": y} or
// {"score": x}), and records the public and private scores (or the
// reason it failed) together with the team's leaderboard row and the job's completion, in
// one transaction. Idempotent: a submission already scored is left as it is, so a job
// that runs twice (its worker died after scoring) writes once.
#pragma once

#include <string>

#include "jobs/sandbox.hpp"
#include "store/blob_store.hpp"
#include "store/database.hpp"
#include "store/job_queue.hpp"

namespace aigc {

enum class JobOutcome { scored, failed, skipped };

// A phase with the custom metric runs its organizer's scorer in the sandbox within `limits`.
JobOutcome run_scoring_job(Database& db, BlobStore& blobs, const Job& job, const SandboxLimits& limits = {});
// Records that a submission cannot be scored (its workers kept dying), with the reason.
void fail_submission(Database& db, const std::string& submission_id, const std::string& reason);

}  // namespace aigc
