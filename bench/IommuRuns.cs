using System;
using System.Text.RegularExpressions;

namespace Minix3.Cosmos.Bench;

// The bench compares runs with the IOMMU on and off: each run must have
// been what it says, or the ratio means nothing.
internal static class IommuRuns
{
    public static void Check(string log, bool iommu, string what)
    {
        bool on = Regex.IsMatch(log, @"^\[iommu\] iommu: VT-d .*translation on", RegexOptions.Multiline);
        bool off = Regex.IsMatch(log, @"^\[iommu\] iommu: no IOMMU ", RegexOptions.Multiline);
        if (iommu ? !on : !off)
            throw new InvalidOperationException($"{what}: the run was to have the IOMMU {(iommu ? "on" : "off")}, and iommu's log says otherwise");
    }
}
