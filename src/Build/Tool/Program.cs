using System;
using System.IO;

namespace Minix3.Cosmos.Build;

// Entry point for the build's host-side steps. One verb per step; errors are
// printed in MSBuild's canonical format so they show up as build errors.
public static class Program
{
    public static int Main(string[] args)
    {
        try
        {
            if (PoliciesVerb.Matches(args))
                return PoliciesVerb.Run(args, Console.Error);
            if (ImageVerbs.Matches(args))
                return ImageVerbs.Run(args, Console.Error);
            if (HostPackagesVerb.Matches(args))
                return HostPackagesVerb.Run(args, Console.Out, Console.Error);
            if (IsoVerb.Matches(args))
                return IsoVerb.Run(args, Console.Error);
            if (VmdkVerb.Matches(args))
                return VmdkVerb.Run(args);
            if (FatVerb.Matches(args))
                return FatVerb.Run(args, Console.Error);
            if (BiosLoaderVerb.Matches(args))
                return BiosLoaderVerb.Run(args);
            if (BootMediaVerb.Matches(args))
                return BootMediaVerb.Run(args, Console.Error);
            if (StageSummary.Matches(args))
                return StageSummary.Run(args, Console.Out, Console.Error);
            Console.Error.WriteLine("usage: " + PoliciesVerb.Usage);
            Console.Error.WriteLine("       " + ImageVerbs.Usage);
            Console.Error.WriteLine("       " + StageSummary.Usage);
            Console.Error.WriteLine("       " + BootMediaVerb.Usage);
            Console.Error.WriteLine("       " + HostPackagesVerb.Usage);
            Console.Error.WriteLine("       " + IsoVerb.Usage);
            Console.Error.WriteLine("       " + VmdkVerb.Usage);
            Console.Error.WriteLine("       " + FatVerb.Usage);
            Console.Error.WriteLine("       " + BiosLoaderVerb.Usage);
            return 2;
        }
        catch (BuildToolException e)
        {
            Console.Error.WriteLine($"{e.File}: error M3T001: {e.Message}");
            return 1;
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"error M3T002: {e.Message}");
            return 1;
        }
    }
}

public sealed class BuildToolException(string file, string message) : Exception(message)
{
    public string File { get; } = file;
}
