using System;

namespace Minix3.Cosmos.Swifi.Campaign;

// What one trial (a fault, or a batch of faults in one driver) did, as the
// guest agent saw it (bench/Components/SwifiAgent) or, for a system
// failure, as the host saw the guest. The first seven are the driver's
// failures the system survives; SystemFailure is what must never happen.
public enum Outcome
{
    None,           // no visible effect: every workload result right, no restart
    Crash,          // the driver ended: panic, CPU exception, exit (RS restarted it)
    Hang,           // it stopped answering RS's heartbeats (RS killed and restarted it)
    Complaint,      // a server complained it broke protocol (RS restarted it)
    Wrong,          // it ran on, and a workload result was wrong (or came too late)
    Stopped,        // it failed past its restart limit; RS stopped it (the agent brought it back)
    Dma,            // its device reached outside its IOMMU domain (iommu reported it)
    SystemFailure,  // kernel panic, triple fault, a hung VM, a core server ended, another driver broken
    Mismatch,       // the plan's bytes were not the running code's: a campaign error, not a fault's effect
    Refused,        // RS refused the change: a campaign error
}

public static class Outcomes
{
    public static string Name(Outcome outcome) => outcome switch
    {
        Outcome.None => "none",
        Outcome.Crash => "crash",
        Outcome.Hang => "hang",
        Outcome.Complaint => "complaint",
        Outcome.Wrong => "wrong",
        Outcome.Stopped => "stopped",
        Outcome.Dma => "dma",
        Outcome.SystemFailure => "system",
        Outcome.Mismatch => "mismatch",
        Outcome.Refused => "refused",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    public static bool TryParse(string word, out Outcome outcome)
    {
        foreach (Outcome candidate in Enum.GetValues<Outcome>())
        {
            if (Name(candidate) == word)
            {
                outcome = candidate;
                return true;
            }
        }
        // The agent's word for a driver that never came back within its bound.
        outcome = Outcome.SystemFailure;
        return word == "stuck";
    }

    // The driver failures the table counts, in its column order.
    public static readonly Outcome[] Columns =
        { Outcome.None, Outcome.Crash, Outcome.Hang, Outcome.Complaint, Outcome.Wrong, Outcome.Stopped, Outcome.Dma, Outcome.SystemFailure };
}

// One trial's result, a row of results.csv.
public sealed record TrialResult(string Driver, long Trial, string Type, int Faults, Outcome Outcome, string Detail, string Boot);
