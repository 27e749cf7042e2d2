"""Plain-language explanations of every CPython 3.14 opcode, for the bytecode explorer's "Explain" button.

`BASE` covers every name in `dis.opmap` (real instructions, the INSTRUMENTED_* forms sys.monitoring installs, and
the compiler's pseudo-instructions). `SPECIALIZED` covers every name in `dis._specialized_opmap` with the phrase
that sets it apart from its family; `explanation(opname)` joins that phrase to the family's text. Checked against
the 3.14 `dis` documentation; STACK means the value stack, STACK[-1] its top.
"""

BASE = {
    # General
    "CACHE": "Not an instruction: a 16-bit slot of inline cache that belongs to the instruction before it. "
    "The specializing interpreter stores counters, type versions and indexes here; the loop skips over it.",
    "NOP": "Does nothing. The compiler leaves it where a line of source must still produce a line event, "
    "or as a placeholder after optimizing something away.",
    "NOT_TAKEN": "Does nothing at run time (new in 3.14). It sits just after a conditional jump, on the "
    "fall-through path, so sys.monitoring can report which way a branch went.",
    "POP_ITER": "Removes the exhausted iterator from the top of the stack at the end of a for loop "
    "(new in 3.14).",
    "POP_TOP": "Removes the top of the stack and drops it: the value of an expression statement whose result "
    "nobody uses.",
    "END_FOR": "The exit target that dis shows for FOR_ITER; it pops the top of the stack like POP_TOP. In 3.14 "
    "an exhausted FOR_ITER jumps just past it, so the loop really continues at the POP_ITER after it.",
    "END_SEND": "Removes the second item of the stack (del STACK[-2]), keeping the top: cleans up after a "
    "yield from or await has finished.",
    "COPY": "Pushes a copy of the i-th item from the top (COPY 1 duplicates the top) without removing the "
    "original.",
    "SWAP": "Swaps the top of the stack with the i-th item from the top.",
    "RESERVED": "An opcode number kept free on purpose; the compiler never emits it.",
    "EXTENDED_ARG": "A prefix that supplies 8 more high bits to the next instruction's argument, for arguments "
    "that do not fit in one byte.",
    # Unary
    "UNARY_NEGATIVE": "Replaces the top of the stack with its negation: -x.",
    "UNARY_NOT": "Replaces the top of the stack with not x; since 3.13 the operand is always an exact bool "
    "(a TO_BOOL comes first).",
    "UNARY_INVERT": "Replaces the top of the stack with its bitwise inversion: ~x.",
    "GET_ITER": "Replaces the top of the stack with iter(x): the iterator a for loop or comprehension will "
    "step through.",
    "GET_YIELD_FROM_ITER": "Prepares the operand of yield from: a generator or coroutine is kept as it is, "
    "anything else is replaced by iter(x).",
    "TO_BOOL": "Replaces the top of the stack with bool(x), so the following jump or not sees an exact bool.",
    # Binary
    "BINARY_OP": "Pops two operands and pushes lhs op rhs; the argument selects the operator (+, -, *, ... "
    "their in-place forms such as +=, and in 3.14 also [] for subscripting).",
    "STORE_SUBSCR": "Pops a key, a container and a value, and does container[key] = value.",
    "DELETE_SUBSCR": "Pops a key and a container, and does del container[key].",
    "BINARY_SLICE": "Pops end, start and a container, and pushes container[start:end].",
    "STORE_SLICE": "Pops end, start, a container and a value, and does container[start:end] = value.",
    # Coroutines
    "GET_AWAITABLE": "Replaces the top of the stack with the awaitable it stands for: a coroutine as it is, or "
    "the iterator that o.__await__() returns. The argument says whether it follows __aenter__ or __aexit__.",
    "GET_AITER": "Replaces the top of the stack with x.__aiter__(): the start of an async for loop.",
    "GET_ANEXT": "Pushes the awaitable of the next step of an async for: the result of __anext__() on the "
    "async iterator, made awaitable.",
    "END_ASYNC_FOR": "Ends an async for loop: pops the exception raised while awaiting the next item and the "
    "iterator; a StopAsyncIteration ends the loop, any other exception is raised again.",
    "CLEANUP_THROW": "Handles an exception raised by throw() or close() passing through a yield from or await: "
    "a StopIteration gives its value as the result, anything else is raised again.",
    # Miscellaneous
    "SET_ADD": "Pops an item and adds it to the set i items down the stack: builds a set comprehension.",
    "LIST_APPEND": "Pops an item and appends it to the list i items down the stack: builds a list "
    "comprehension.",
    "MAP_ADD": "Pops a value and a key and stores them in the dict i items down the stack: builds a dict "
    "comprehension.",
    "RETURN_VALUE": "Returns the top of the stack to the caller and ends this frame.",
    "YIELD_VALUE": "Pops a value and yields it from the generator, suspending the frame until it is resumed.",
    "SETUP_ANNOTATIONS": "Makes sure __annotations__ exists in the local namespace (an empty dict if not). In 3.14 "
    "a module or class body emits it only under from __future__ import annotations; otherwise annotations go "
    "to a lazily called __annotate__ function.",
    "POP_EXCEPT": "Pops the exception state saved by PUSH_EXC_INFO and restores it: the end of an except "
    "block.",
    "RERAISE": "Raises again the exception on top of the stack; with a non-zero argument it also pops the "
    "offset of the instruction that failed and restores it (f_lasti), so the traceback stays right.",
    "PUSH_EXC_INFO": "Starts an exception handler: pushes the exception being handled under the current one, "
    "saving the old exception state for POP_EXCEPT.",
    "CHECK_EXC_MATCH": "Tests whether the exception below the top matches the type on top (an except clause): "
    "pops the type and pushes True or False.",
    "CHECK_EG_MATCH": "Matches an exception group against a type for except*: splits the group into the "
    "part that matches and the rest.",
    "WITH_EXCEPT_START": "Calls the context manager's __exit__ with the exception on top of the stack, when a "
    "with block raised.",
    "LOAD_COMMON_CONSTANT": "Pushes one of a few constants built into the interpreter, such as AssertionError "
    "for an assert statement (new in 3.14).",
    "LOAD_BUILD_CLASS": "Pushes builtins.__build_class__, which a class statement then calls to create the "
    "class.",
    "GET_LEN": "Pushes len() of the top of the stack, leaving the object in place: used by match statements.",
    "MATCH_MAPPING": "Pushes True if the match subject is a mapping (its type has the mapping flag), else "
    "False.",
    "MATCH_SEQUENCE": "Pushes True if the match subject is a sequence other than str, bytes or bytearray, "
    "else False.",
    "MATCH_KEYS": "With a tuple of keys on top and the subject below, pushes a tuple of the values for those "
    "keys, or None if any key is missing.",
    "MATCH_CLASS": "Pops the attribute names, the class and the subject of a class pattern; pushes the tuple "
    "of extracted attributes if the subject matches, else None.",
    # Names
    "STORE_NAME": "Pops the top of the stack into a name in the current namespace (module or class body "
    "dict).",
    "DELETE_NAME": "Deletes a name from the current namespace: del name at module or class level.",
    "UNPACK_SEQUENCE": "Pops an iterable and pushes exactly count items from it, ready to be stored one by one "
    "(a, b = ...).",
    "UNPACK_EX": "Unpacks with a starred target (a, *b, c = ...): pushes the items before the star, a list "
    "of the leftovers, and the items after it.",
    "STORE_ATTR": "Pops an object and a value and does obj.name = value.",
    "DELETE_ATTR": "Pops an object and does del obj.name.",
    "STORE_GLOBAL": "Pops the top of the stack into a global variable (a name declared global).",
    "DELETE_GLOBAL": "Deletes a global variable.",
    "LOAD_CONST": "Pushes a constant from the code object's co_consts tuple.",
    "LOAD_SMALL_INT": "Pushes the integer given by the argument, 0 to 255, without a co_consts entry "
    "(new in 3.14).",
    "LOAD_NAME": "Pushes the value of a name looked up in the local namespace, then the globals, then the "
    "builtins: how module and class bodies read names.",
    "LOAD_LOCALS": "Pushes the locals dictionary, to be searched by a following LOAD_FROM_DICT_OR_DEREF or "
    "LOAD_FROM_DICT_OR_GLOBALS.",
    "LOAD_FROM_DICT_OR_GLOBALS": "Pops a mapping and looks the name up in it, then in the globals and "
    "builtins: used for global names in annotation scopes inside class bodies.",
    "LOAD_FROM_DICT_OR_DEREF": "Pops a mapping and looks the name up in it, falling back to the closure cell: "
    "used for free variables read in a class body.",
    "BUILD_TEMPLATE": "Pops a tuple of strings and a tuple of interpolations and pushes a "
    "string.templatelib.Template: the value of a t-string (new in 3.14).",
    "BUILD_INTERPOLATION": "Builds one Interpolation of a t-string from a value, its source text and "
    "optional conversion and format spec (new in 3.14).",
    "BUILD_TUPLE": "Pops count items and pushes a tuple of them.",
    "BUILD_LIST": "Pops count items and pushes a list of them.",
    "BUILD_SET": "Pops count items and pushes a set of them.",
    "BUILD_MAP": "Pops count key and value pairs and pushes a dict of them.",
    "BUILD_STRING": "Pops count strings and pushes them joined into one string: the end of an f-string.",
    "LIST_EXTEND": "Pops an iterable and extends the list i items down the stack with it, as in [*a, *b].",
    "SET_UPDATE": "Pops an iterable and adds its items to the set i items down the stack, as in {*a, *b}.",
    "DICT_UPDATE": "Pops a mapping and updates the dict i items down the stack with it, as in {**a, **b}.",
    "DICT_MERGE": "Like DICT_UPDATE, but a repeated key is an error: merges **kwargs for a call.",
    "LOAD_ATTR": "Replaces the object on top with obj.name. When the low bit of the argument is set it loads a "
    "method instead, pushing the function and self (or NULL and the attribute) ready for CALL.",
    "LOAD_SUPER_ATTR": "Implements super().name and super(cls, self).name: pops super, the class and self, and "
    "pushes the attribute (or the method and self, ready for CALL).",
    "COMPARE_OP": "Pops two operands and pushes the result of a comparison (<, <=, ==, !=, >, >=) named by the "
    "argument, converted to bool when the argument asks.",
    "IS_OP": "Pops two operands and pushes the result of is, or of is not when the argument is 1.",
    "CONTAINS_OP": "Pops two operands and pushes the result of in, or of not in when the argument is 1.",
    "IMPORT_NAME": "Pops the fromlist and level and imports the named module through __import__, pushing the "
    "module; a following store binds it.",
    "IMPORT_FROM": "Pushes an attribute loaded from the module on top of the stack: from module import name.",
    # Jumps
    "JUMP_FORWARD": "Jumps forward unconditionally to its target.",
    "JUMP_BACKWARD": "Jumps back unconditionally to its target, the top of a loop, checking for interrupts "
    "and other pending events on the way.",
    "JUMP_BACKWARD_NO_INTERRUPT": "Jumps back without checking for interrupts; used in the loops that "
    "yield from and await compile into.",
    "POP_JUMP_IF_TRUE": "Pops the top of the stack (an exact bool) and jumps to the target if it is True.",
    "POP_JUMP_IF_FALSE": "Pops the top of the stack (an exact bool) and jumps to the target if it is False.",
    "POP_JUMP_IF_NOT_NONE": "Pops the top of the stack and jumps to the target if it is not None.",
    "POP_JUMP_IF_NONE": "Pops the top of the stack and jumps to the target if it is None.",
    "FOR_ITER": "Calls next() on the iterator on top of the stack and pushes the value, leaving the iterator "
    "below it; when the iterator is exhausted it jumps to the loop's end instead.",
    # Locals, globals, cells
    "LOAD_GLOBAL": "Pushes a global variable, looked up in the module's globals and then the builtins; when "
    "the low bit of the argument is set it pushes NULL too, ready for CALL (shown as + NULL).",
    "LOAD_FAST": "Pushes a local variable of the function (a slot in the frame, found by index, with no "
    "dictionary lookup); the compiler has proved it is bound.",
    "LOAD_FAST_BORROW": "Pushes a local variable like LOAD_FAST, but as a borrowed reference that skips the "
    "reference-count increment, because the compiler proved the local outlives the stack entry "
    "(new in 3.14).",
    "LOAD_FAST_LOAD_FAST": "Two LOAD_FAST in one instruction: pushes two local variables, whose indexes are "
    "packed in the argument.",
    "LOAD_FAST_BORROW_LOAD_FAST_BORROW": "Two LOAD_FAST_BORROW in one instruction: pushes borrowed references "
    "to two local variables (new in 3.14).",
    "LOAD_FAST_CHECK": "Pushes a local variable, raising UnboundLocalError if it has not been assigned yet; "
    "used where the compiler cannot prove it is bound.",
    "LOAD_FAST_AND_CLEAR": "Pushes a local variable (or NULL if unbound) and clears it: saves a name that an "
    "inlined comprehension is about to reuse.",
    "STORE_FAST": "Pops the top of the stack into a local variable of the function.",
    "STORE_FAST_STORE_FAST": "Two STORE_FAST in one instruction: pops two values into two local variables.",
    "STORE_FAST_LOAD_FAST": "A STORE_FAST followed by a LOAD_FAST in one instruction: stores into one local "
    "and pushes another.",
    "DELETE_FAST": "Deletes a local variable: del x inside a function.",
    "MAKE_CELL": "Wraps a local slot in a new cell, so inner functions can share the variable.",
    "LOAD_DEREF": "Pushes the value held in a cell: a variable shared with an inner or outer function.",
    "STORE_DEREF": "Pops the top of the stack into a cell: assigns a variable shared with another scope.",
    "DELETE_DEREF": "Empties a cell: del of a variable shared with another scope.",
    "COPY_FREE_VARS": "Copies n free variables from the function's closure into the frame; the first "
    "instruction of a closure.",
    "RAISE_VARARGS": "Raises an exception: with argument 0 re-raises the current one, 1 raises the top of the "
    "stack, 2 raises STACK[-2] from STACK[-1].",
    # Calls and functions
    "CALL": "Calls the callable below the arguments with argc positional arguments (plus self when a method "
    "was loaded), pops them all and pushes the result.",
    "CALL_KW": "Calls with keyword arguments: like CALL, with a tuple of the keyword names on top.",
    "CALL_FUNCTION_EX": "Calls with unpacked arguments, f(*args, **kwargs): pops the callable, a tuple of "
    "positional arguments and possibly a dict of keywords.",
    "CALL_INTRINSIC_1": "Calls one of the interpreter's built-in helper functions with one argument (for "
    "example unary +, import *, list to tuple), replacing the top of the stack with the result.",
    "CALL_INTRINSIC_2": "Calls one of the interpreter's built-in helper functions with two arguments (for "
    "example for except* or generic type parameters).",
    "PUSH_NULL": "Pushes NULL: the empty self slot of a call to something that is not a method.",
    "MAKE_FUNCTION": "Pops a code object and pushes a new function made from it and the current globals.",
    "SET_FUNCTION_ATTRIBUTE": "Sets one attribute of the function on top of the stack from the value below "
    "it: defaults, keyword defaults, annotations or the closure, as the argument says.",
    "BUILD_SLICE": "Pops 2 or 3 values and pushes slice(start, end) or slice(start, end, step).",
    "CONVERT_VALUE": "Replaces the top of the stack with str(), repr() or ascii() of it: the !s, !r or !a of "
    "an f-string.",
    "FORMAT_SIMPLE": "Replaces the top of the stack with format(value, ''): a {value} in an f-string.",
    "FORMAT_WITH_SPEC": "Pops a format spec and a value and pushes format(value, spec): a {value:spec} in an "
    "f-string.",
    "RESUME": "Starts every code object (after any cell set-up) and follows each yield or await: it does "
    "nothing visible, but checks for interrupts and lets the interpreter specialize and trace the code.",
    "RETURN_GENERATOR": "Opens the code of a generator or coroutine function: creates the generator (or "
    "coroutine) object from the frame and returns it to the caller, which resumes it later.",
    "SEND": "Sends the top of the stack into the subiterator below it (yield from, await); when the "
    "subiterator returns, it pushes the return value and jumps to the target.",
    "LOAD_SPECIAL": "Looks up a special method such as __enter__ or __exit__ on the type of the top of the "
    "stack, for with and async with (new in 3.14).",
    "EXIT_INIT_CHECK": "Checks that __init__ returned None, raising TypeError otherwise; runs after a "
    "specialized class call entered __init__ directly.",
    "INTERPRETER_EXIT": "Leaves the interpreter loop and returns to the C code that called it; found only in "
    "the interpreter's own entry code, never in a program's bytecode.",
    "ENTER_EXECUTOR": "Replaces a loop's JUMP_BACKWARD when the optimizer has built an executor (optimized "
    "micro-op trace or JIT code) for that hot loop, and runs it; absent in builds without the JIT or the "
    "tier-2 optimizer enabled.",
    # Pseudo-instructions: used inside the compiler, never in finished bytecode.
    "ANNOTATIONS_PLACEHOLDER": "A pseudo-instruction (new in 3.14): the compiler marks where the code of "
    "deferred annotations (the __annotate__ function) goes, and replaces or removes the mark before the "
    "bytecode is final.",
    "JUMP": "A pseudo-instruction: an undirected jump that the assembler turns into JUMP_FORWARD or "
    "JUMP_BACKWARD.",
    "JUMP_NO_INTERRUPT": "A pseudo-instruction: an undirected jump that the assembler turns into JUMP_FORWARD "
    "or JUMP_BACKWARD_NO_INTERRUPT.",
    "JUMP_IF_FALSE": "A pseudo-instruction: a conditional jump that leaves the value on the stack, replaced "
    "by COPY 1, TO_BOOL, POP_JUMP_IF_FALSE.",
    "JUMP_IF_TRUE": "A pseudo-instruction: a conditional jump that leaves the value on the stack, replaced by "
    "COPY 1, TO_BOOL, POP_JUMP_IF_TRUE.",
    "LOAD_CLOSURE": "A pseudo-instruction: pushes the cell of a variable to build a closure; the assembler "
    "replaces it by LOAD_FAST.",
    "POP_BLOCK": "A pseudo-instruction: marks the end of the block protected by the last SETUP_FINALLY, "
    "SETUP_CLEANUP or SETUP_WITH; it becomes entries of the exception table, not an instruction.",
    "SETUP_CLEANUP": "A pseudo-instruction: like SETUP_FINALLY, but the handler also gets the offset of the "
    "failed instruction; it becomes an exception table entry marked lasti.",
    "SETUP_FINALLY": "A pseudo-instruction: starts a block whose exceptions go to a handler; in the finished "
    "code it is an exception table entry, not an instruction.",
    "SETUP_WITH": "A pseudo-instruction: like SETUP_CLEANUP for a with block, which also pops the "
    "__enter__ result before the handler runs; it becomes an exception table entry.",
    "STORE_FAST_MAYBE_NULL": "A pseudo-instruction: a STORE_FAST whose value may be NULL, used to restore a "
    "name after an inlined comprehension; the assembler replaces it by STORE_FAST.",
}

# The INSTRUMENTED_* forms: what sys.monitoring puts in place of an instruction while a tool listens for it.
_INSTRUMENTED = {
    "INSTRUMENTED_CALL": "CALL",
    "INSTRUMENTED_CALL_FUNCTION_EX": "CALL_FUNCTION_EX",
    "INSTRUMENTED_CALL_KW": "CALL_KW",
    "INSTRUMENTED_END_ASYNC_FOR": "END_ASYNC_FOR",
    "INSTRUMENTED_END_FOR": "END_FOR",
    "INSTRUMENTED_END_SEND": "END_SEND",
    "INSTRUMENTED_FOR_ITER": "FOR_ITER",
    "INSTRUMENTED_JUMP_BACKWARD": "JUMP_BACKWARD",
    "INSTRUMENTED_JUMP_FORWARD": "JUMP_FORWARD",
    "INSTRUMENTED_LOAD_SUPER_ATTR": "LOAD_SUPER_ATTR",
    "INSTRUMENTED_NOT_TAKEN": "NOT_TAKEN",
    "INSTRUMENTED_POP_ITER": "POP_ITER",
    "INSTRUMENTED_POP_JUMP_IF_FALSE": "POP_JUMP_IF_FALSE",
    "INSTRUMENTED_POP_JUMP_IF_NONE": "POP_JUMP_IF_NONE",
    "INSTRUMENTED_POP_JUMP_IF_NOT_NONE": "POP_JUMP_IF_NOT_NONE",
    "INSTRUMENTED_POP_JUMP_IF_TRUE": "POP_JUMP_IF_TRUE",
    "INSTRUMENTED_RESUME": "RESUME",
    "INSTRUMENTED_RETURN_VALUE": "RETURN_VALUE",
    "INSTRUMENTED_YIELD_VALUE": "YIELD_VALUE",
}
for _name, _plain in _INSTRUMENTED.items():
    BASE[_name] = (
        f"The form of {_plain} that sys.monitoring installs while a tool listens for its event: it reports "
        f"the event to the tool, then does what {_plain} does."
    )
BASE["INSTRUMENTED_LINE"] = (
    "Installed by sys.monitoring on the first instruction of each line while a tool listens for LINE events: "
    "reports the line, then runs the original instruction."
)
BASE["INSTRUMENTED_INSTRUCTION"] = (
    "Installed by sys.monitoring on every instruction while a tool listens for INSTRUCTION events: reports "
    "the instruction, then runs the original one."
)

# What each specialized form adds to its family's text. The adaptive interpreter swaps an instruction for one of
# these after it has run a few times with the same kinds of operands, and swaps back if a guard fails.
SPECIALIZED = {
    "RESUME_CHECK": "only checks for pending interrupts and that the code has not been instrumented",
    "LOAD_CONST_IMMORTAL": "for an immortal constant (None, small ints, interned strings…), pushed without "
    "touching its reference count",
    "LOAD_CONST_MORTAL": "for an ordinary (mortal) constant, whose reference count it increments",
    "TO_BOOL_ALWAYS_TRUE": "for instances of a class with no __bool__ or __len__, which are always true",
    "TO_BOOL_BOOL": "for a value that is already a bool: nothing to convert",
    "TO_BOOL_INT": "for an int: true unless it is zero",
    "TO_BOOL_LIST": "for a list: true unless it is empty",
    "TO_BOOL_NONE": "for None: always false",
    "TO_BOOL_STR": "for a str: true unless it is empty",
    "BINARY_OP_MULTIPLY_INT": "for int * int with small (compact) ints",
    "BINARY_OP_ADD_INT": "for int + int with small (compact) ints",
    "BINARY_OP_SUBTRACT_INT": "for int - int with small (compact) ints",
    "BINARY_OP_MULTIPLY_FLOAT": "for float * float",
    "BINARY_OP_ADD_FLOAT": "for float + float",
    "BINARY_OP_SUBTRACT_FLOAT": "for float - float",
    "BINARY_OP_ADD_UNICODE": "for str + str",
    "BINARY_OP_INPLACE_ADD_UNICODE": "for s += t on a local str, appending in place when nothing else refers "
    "to s",
    "BINARY_OP_SUBSCR_LIST_INT": "for list[int]",
    "BINARY_OP_SUBSCR_LIST_SLICE": "for list[slice]",
    "BINARY_OP_SUBSCR_TUPLE_INT": "for tuple[int]",
    "BINARY_OP_SUBSCR_STR_INT": "for str[int] giving a one-character string",
    "BINARY_OP_SUBSCR_DICT": "for dict[key]",
    "BINARY_OP_SUBSCR_GETITEM": "for obj[key] where the class defines __getitem__ in Python: it calls that "
    "method's frame directly",
    "BINARY_OP_EXTEND": "for operand types without an opcode of their own, such as mixed int and float "
    "arithmetic: a guard and an action chosen when specializing are kept in the inline cache",
    "STORE_SUBSCR_DICT": "for dict[key] = value",
    "STORE_SUBSCR_LIST_INT": "for list[int] = value",
    "SEND_GEN": "for a generator or coroutine as the subiterator: its frame is resumed directly",
    "UNPACK_SEQUENCE_TWO_TUPLE": "for a tuple of exactly two items",
    "UNPACK_SEQUENCE_TUPLE": "for a tuple",
    "UNPACK_SEQUENCE_LIST": "for a list",
    "STORE_ATTR_INSTANCE_VALUE": "for an instance whose attributes are stored inline in the object (no "
    "separate __dict__ yet)",
    "STORE_ATTR_SLOT": "for an attribute declared in __slots__",
    "STORE_ATTR_WITH_HINT": "for an instance with a __dict__, using the key's position cached in the inline "
    "cache",
    "LOAD_GLOBAL_MODULE": "for a name found in the module's globals; the cached dictionary version proves it "
    "is still there",
    "LOAD_GLOBAL_BUILTIN": "for a name found in the builtins; the cached dictionary versions prove it is still "
    "there",
    "LOAD_SUPER_ATTR_ATTR": "for super().name loading a plain attribute",
    "LOAD_SUPER_ATTR_METHOD": "for super().name() loading a method",
    "LOAD_ATTR_INSTANCE_VALUE": "for an attribute stored inline in the instance",
    "LOAD_ATTR_MODULE": "for an attribute of a module",
    "LOAD_ATTR_WITH_HINT": "for an attribute in the instance's __dict__, at the position cached in the "
    "inline cache",
    "LOAD_ATTR_SLOT": "for an attribute declared in __slots__",
    "LOAD_ATTR_CLASS": "for an attribute of a class object itself",
    "LOAD_ATTR_CLASS_WITH_METACLASS_CHECK": "for an attribute of a class object, also checking the "
    "metaclass has not changed",
    "LOAD_ATTR_PROPERTY": "for a property written in Python: its getter's frame is called directly",
    "LOAD_ATTR_GETATTRIBUTE_OVERRIDDEN": "for a class that overrides __getattribute__ in Python: that method "
    "is called directly",
    "LOAD_ATTR_METHOD_WITH_VALUES": "for a method looked up on an instance whose attributes are stored inline",
    "LOAD_ATTR_METHOD_NO_DICT": "for a method looked up on an instance without a __dict__",
    "LOAD_ATTR_METHOD_LAZY_DICT": "for a method looked up on an instance whose __dict__ has not been created",
    "LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES": "for a plain class attribute (not a descriptor) read through an "
    "instance with inline attributes",
    "LOAD_ATTR_NONDESCRIPTOR_NO_DICT": "for a plain class attribute (not a descriptor) read through an "
    "instance without a __dict__",
    "COMPARE_OP_FLOAT": "for comparing two floats",
    "COMPARE_OP_INT": "for comparing two small (compact) ints",
    "COMPARE_OP_STR": "for == or != between two strs",
    "CONTAINS_OP_SET": "for in on a set or frozenset",
    "CONTAINS_OP_DICT": "for in on a dict",
    "JUMP_BACKWARD_NO_JIT": "for an interpreter running without the JIT: a plain backward jump that checks "
    "for interrupts and does not count the loop towards JIT compilation",
    "JUMP_BACKWARD_JIT": "for an interpreter with the JIT enabled: it also counts the loop's iterations and "
    "hands a hot loop to the optimizer",
    "FOR_ITER_LIST": "for iterating over a list",
    "FOR_ITER_TUPLE": "for iterating over a tuple",
    "FOR_ITER_RANGE": "for iterating over a range",
    "FOR_ITER_GEN": "for iterating over a generator, whose frame is resumed directly",
    "CALL_BOUND_METHOD_EXACT_ARGS": "for a bound method of a Python function called with exactly the "
    "arguments it declares",
    "CALL_PY_EXACT_ARGS": "for a Python function called with exactly the positional arguments it declares: "
    "its frame is pushed directly",
    "CALL_TYPE_1": "for type(x)",
    "CALL_STR_1": "for str(x)",
    "CALL_TUPLE_1": "for tuple(x)",
    "CALL_BUILTIN_CLASS": "for calling a built-in class such as int or list",
    "CALL_BUILTIN_O": "for a built-in C function taking exactly one argument",
    "CALL_BUILTIN_FAST": "for a built-in C function using the fast calling convention",
    "CALL_BUILTIN_FAST_WITH_KEYWORDS": "for a built-in C function using the fast calling convention with "
    "keywords",
    "CALL_LEN": "for len(x)",
    "CALL_ISINSTANCE": "for isinstance(x, cls)",
    "CALL_LIST_APPEND": "for list.append(x) on a list",
    "CALL_METHOD_DESCRIPTOR_O": "for a method of a built-in type taking exactly one argument",
    "CALL_METHOD_DESCRIPTOR_FAST_WITH_KEYWORDS": "for a method of a built-in type using the fast calling "
    "convention with keywords",
    "CALL_METHOD_DESCRIPTOR_NOARGS": "for a method of a built-in type taking no argument, such as str.upper",
    "CALL_METHOD_DESCRIPTOR_FAST": "for a method of a built-in type using the fast calling convention",
    "CALL_ALLOC_AND_ENTER_INIT": "for calling a class whose __init__ is written in Python: allocates the "
    "object and enters __init__ directly",
    "CALL_PY_GENERAL": "for a Python function with any arguments: its frame is pushed directly",
    "CALL_BOUND_METHOD_GENERAL": "for a bound method of a Python function with any arguments",
    "CALL_NON_PY_GENERAL": "for any callable that is not a Python function, called through the vectorcall "
    "protocol",
    "CALL_KW_BOUND_METHOD": "for a bound method of a Python function",
    "CALL_KW_PY": "for a Python function: its frame is pushed directly",
    "CALL_KW_NON_PY": "for any callable that is not a Python function",
}


def family_of(opname):
    """The base instruction a specialized opname belongs to (the opname itself when it is not specialized)."""
    import dis

    for base, members in dis._specializations.items():
        if opname in members:
            return base
    return opname


def explanation(opname):
    """One or two sentences on `opname`; None when it is not an opcode of this interpreter."""
    if opname in BASE:
        return BASE[opname]
    if opname in SPECIALIZED:
        base = family_of(opname)
        return f"A specialized form of {base}, {SPECIALIZED[opname]}. {BASE[base]}"
    return None
