package dev.plinth.component.internal.runtime;

import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TableInstance;

/** An item of a core index space other than a function: a memory, a table or a global. */
sealed interface CoreItem {
    record Func(CoreFunc func) implements CoreItem {
    }

    record Mem(Memory memory) implements CoreItem {
    }

    record Table(TableInstance table) implements CoreItem {
    }

    record Global(GlobalInstance global) implements CoreItem {
    }
}
