namespace Minix3.Cosmos.Kernel.Ipc;

/// <summary>
/// What an IPC trap did to its caller. Completed: the trap is over and <see cref="Status"/> is
/// what it returns (rax); the caller may keep running. Blocked: the caller waits (its flags are
/// set and it left the ready queue); the trap handler must switch to Scheduler.PickNext(), and
/// the caller's result is set later through IProcessHost.SetTrapResult when it is released.
/// </summary>
public readonly struct IpcResult
{
    private IpcResult(bool blocked, int status)
    {
        IsBlocked = blocked;
        Status = status;
    }

    public bool IsBlocked { get; }

    /// <summary>A Lib.Ipc.Status code; meaningful only when not blocked.</summary>
    public int Status { get; }

    public static IpcResult Blocked => new IpcResult(true, 0);

    public static IpcResult Completed(int status) => new IpcResult(false, status);
}
