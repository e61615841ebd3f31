using System;
using System.Runtime;
using Minix3.Cosmos.Runtime;

namespace Internal.Runtime
{
    // `throw` compiles to a call to RhpThrowEx. There is no unwinder yet
    // (issue 4 brings catch/finally on the compiler's EH tables), so a throw
    // is fatal: the component ends with the exception's kind and message; in
    // the kernel this is a panic with a backtrace.
    internal static class ExceptionHandling
    {
        [RuntimeExport("RhpThrowEx")]
        private static void RhpThrowEx(Exception exception)
        {
            RuntimeEnvironment.Fail(string.Concat("unhandled ", exception.Kind, ": ", exception.Message));
        }

        [RuntimeExport("RhpRethrow")]
        private static void RhpRethrow()
        {
            RuntimeEnvironment.Fail("rethrow outside a handler");
        }

        [RuntimeExport("RhpFallbackFailFast")]
        private static void RhpFallbackFailFast()
        {
            RuntimeEnvironment.Fail("fail-fast requested by generated code");
        }
    }
}
