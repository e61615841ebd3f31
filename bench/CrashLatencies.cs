using System.Collections.Generic;
using System.Linq;

namespace Minix3.Cosmos.Bench;

// Restart latencies of a crash experiment: each disturbance (a kill or an
// update request) paired with the first "first ..." line of a driver
// instance after it; none before the next disturbance means the new
// instance was hit before it did anything, and that disturbance has no
// latency. Both lists in guest tsc; the result in ns (1 tsc = 1 ns).
internal static class CrashLatencies
{
    public static List<double> Pair(IReadOnlyList<long> events, IReadOnlyList<long> firsts)
    {
        var sortedEvents = events.OrderBy(e => e).ToList();
        var sortedFirsts = firsts.OrderBy(f => f).ToList();
        var latencies = new List<double>();
        for (int i = 0; i < sortedEvents.Count; i++)
        {
            long at = sortedEvents[i];
            long next = i + 1 < sortedEvents.Count ? sortedEvents[i + 1] : long.MaxValue;
            int k = sortedFirsts.FindIndex(f => f > at);
            if (k < 0 || sortedFirsts[k] > next)
                continue;
            latencies.Add(sortedFirsts[k] - at);
        }
        return latencies;
    }

    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
            return double.NaN;
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
