namespace Minix3.Cosmos.Launcher;

// The launcher's exit codes: the guest's own status when it printed one
// (0 success, 1 a scenario failed, 2 kernel fault or panic), else one of these.
public static class ExitCodes
{
    public const int Success = 0;
    public const int NoExitMarker = 3;
    public const int BuildFailed = 4;
    public const int BadArguments = 64;
    public const int Timeout = 124;
    public const int MissingTool = 127;
}
