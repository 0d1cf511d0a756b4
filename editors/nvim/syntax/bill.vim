" Syntax of lexgap's .bill files: a header and operations around units written as in .law.
if exists('b:current_syntax')
  finish
endif
let b:current_syntax = 'bill'
runtime! syntax/law.vim
syn keyword billHeader bill status effective
syn match billOperation /^\s*\(replace\|insert\|repeal\|renumber\)\>/
syn keyword billWord amends before after in to draft adopted
hi def link billHeader Keyword
hi def link billOperation Statement
hi def link billWord Operator
