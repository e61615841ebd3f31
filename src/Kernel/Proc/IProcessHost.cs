namespace Minix3.Cosmos.Kernel.Proc;

/// <summary>
/// What the hardware-free kernel core needs from the architecture code: access to a process's
/// memory and to the result register of its pending trap. The IPC engine calls these for the
/// caller of the current trap and for other, blocked processes, so an implementation must reach
/// any process's memory (e.g. by walking its page tables through the direct map), not only the
/// current address space. Addresses are user virtual addresses of <c>process</c>; an
/// implementation refuses (returns false) anything that is not user memory mapped with the
/// needed access, and then copies nothing.
/// </summary>
public unsafe interface IProcessHost
{
    /// <summary>Copies <paramref name="length"/> bytes from the process; false = bad address.</summary>
    bool CopyFromProcess(Process process, ulong address, void* destination, int length);

    /// <summary>Copies <paramref name="length"/> bytes into the process; false = bad address.</summary>
    bool CopyToProcess(Process process, ulong address, void* source, int length);

    /// <summary>
    /// Copies <paramref name="length"/> bytes from one process's memory into another's (grant
    /// copies); false = a bad address on either side, and then nothing is copied.
    /// </summary>
    bool CopyBetween(Process source, ulong sourceAddress, Process destination, ulong destinationAddress, ulong length);

    /// <summary>
    /// True when [address, address + length) is user memory the process may write. Receive checks
    /// its buffer with this before it blocks, so a bad buffer fails at trap time with no state
    /// changed instead of when a message arrives later.
    /// </summary>
    bool IsWritable(Process process, ulong address, int length);

    /// <summary>
    /// Copies one message from a process's memory into another's, with Source replaced by
    /// <paramref name="source"/> (the IPC fast path's single copy); the source must also be
    /// writable when <paramref name="fromWritable"/> (a SendRec's buffer takes the reply). False,
    /// with nothing copied, when either side is not user memory with those rights, or when the
    /// implementation has no single-copy route for these addresses (the caller then takes the
    /// general path, which copies through the kernel and tells which side was bad).
    /// </summary>
    bool CopyMessage(Process from, ulong fromAddress, bool fromWritable, Process to, ulong toAddress, int source);

    /// <summary>Sets what the process's pending trap returns (rax) when it next runs. Called only
    /// for processes whose trap completes while they are blocked, never for the current caller
    /// (that result is the IpcResult the trap handler gets back).</summary>
    void SetTrapResult(Process process, long value);
}
