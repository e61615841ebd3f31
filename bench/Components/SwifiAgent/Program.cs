using System.Collections.Generic;
using Minix3.Cosmos.Lib.Posix;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Bench.Components.SwifiAgent
{
    // The guest half of a software-fault-injection campaign (issue 18).
    // The host (src/Swifi/Campaign) plans trials from the image's ELF
    // files and writes them to the root disk as /swifi.plan; this reads
    // the plan whole before any fault (the disk driver may be the one
    // under test), checks that every workload works, then runs each
    // trial (TrialRunner): RS patches the driver's code (Reincarnation.
    // Mutate, the `fi` verb), a workload through VFS exercises it and
    // checks every result, the patch comes out, and RS's status says what
    // became of the driver. Results go to the kernel log (diagctl, COM1),
    // which no driver under test carries:
    //   swifi: ready N trials
    //   swifi: R ID OUTCOME [ARG] [key=value...] type=TYPE    one per trial
    //   swifi: check ID ok | swifi: check ID FAILED LABEL WHY
    //   swifi: done N trials                                  status 0
    //   swifi: FAILED setup|plan ...                           status 1
    // README.md has the plan's format, the outcomes and the cast to boot.
    public static class Program
    {
        public const string PlanPath = "/swifi.plan";
        private const int MaxPlan = 4 * 1024 * 1024;

        public static int Main()
        {
            string? text = WholeFiles.ReadText(PlanPath, MaxPlan, out int status);
            if (text == null)
                return Fail("plan " + PlanPath + " " + Files.ErrorText(status));
            Plan? plan = Plan.Parse(text, out string error);
            if (plan == null)
                return Fail("plan " + error);
            var workloads = new Workloads(plan);
            if (!Setup(plan, workloads))
                return 1;
            Diagnostics.Print(string.Concat("swifi: ready ", plan.Trials.Count.ToString(), " trials"));
            var runner = new TrialRunner(plan, workloads);
            foreach (Trial trial in plan.Trials)
            {
                runner.Run(trial);
                Check(plan, workloads, trial);
            }
            Diagnostics.Print(string.Concat("swifi: done ", plan.Trials.Count.ToString(), " trials"));
            return 0;
        }

        // Every label the plan names has a workload, and one clean round of
        // each passes, before any fault.
        private static bool Setup(Plan plan, Workloads workloads)
        {
            var labels = new List<string>();
            foreach (string label in plan.Checks)
                if (!labels.Contains(label))
                    labels.Add(label);
            foreach (Trial trial in plan.Trials)
                if (!labels.Contains(trial.Label))
                    labels.Add(trial.Label);
            foreach (string label in labels)
            {
                Workload? workload = workloads.For(label);
                string? wrong = workload == null ? "no workload" : workload.Round(0, 0);
                if (wrong != null)
                {
                    Fail(string.Concat("setup ", label, " ", wrong));
                    return false;
                }
            }
            return true;
        }

        // One round on every checked driver but the one under test.
        private static void Check(Plan plan, Workloads workloads, Trial trial)
        {
            int round = 1000;
            foreach (string label in plan.Checks)
            {
                if (label == trial.Label)
                    continue;
                string? wrong = workloads.For(label)!.Round(trial.Id, round++);
                if (wrong != null)
                {
                    Diagnostics.Print(string.Concat("swifi: check ", trial.Id.ToString(), " FAILED ", label, " ", wrong));
                    return;
                }
            }
            Diagnostics.Print(string.Concat("swifi: check ", trial.Id.ToString(), " ok"));
        }

        private static int Fail(string what)
        {
            Diagnostics.Print("swifi: FAILED " + what);
            return 1;
        }
    }
}
