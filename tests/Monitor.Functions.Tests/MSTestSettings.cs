// Each test starts its own Azurite and servers on free ports, so classes can run side by side.
[assembly: Parallelize(Workers = 2, Scope = ExecutionScope.ClassLevel)]
