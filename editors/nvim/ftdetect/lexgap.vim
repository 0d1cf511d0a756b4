" lexgap's provision language: .law (one act version) and .bill (an amending act).
autocmd BufRead,BufNewFile *.law setfiletype law
autocmd BufRead,BufNewFile *.bill setfiletype bill
