namespace Minix3.Cosmos.Commands.Sh;

// Process groups for an interactive shell's jobs, when its IShellProcesses
// can (the sh program on a terminal): each job (a foreground pipeline, a
// background list) is a group of its own, and the terminal's foreground
// group is the running foreground job's, so a Ctrl-C typed there
// interrupts that job and neither the shell nor its background jobs.
public interface IShellJobControl
{
    // A process just started joins `group` (its own pid for a job's first).
    void Join(int pid, int group);

    // The terminal's foreground group becomes `group` (0: the shell's own).
    void Foreground(int group);
}
